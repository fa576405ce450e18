"""Klantcontacten in the VNG Klantinteracties shape: vragen, betrokkenen, interne taken, turns."""
