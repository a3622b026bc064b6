"""The results store: safe writes, manifests, locks, provenance and result tables."""
