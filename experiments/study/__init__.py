"""Studies: many scenarios and replications, their runner, executors, analysis and report."""
