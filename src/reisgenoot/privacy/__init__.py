"""The AVG in practice: retention per kind of data, inzage and erasure per resident."""
