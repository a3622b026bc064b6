"""`floatpop app`: a SolaraViz page to try a scenario's levers and watch the city respond."""
