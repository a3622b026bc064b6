"""Validation: the 2010-2020 hindcast and the docking of array and object modes."""
