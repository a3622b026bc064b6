"""The model's rules: vectorised functions over the migrant store, one module a domain."""
