"""The SPARQL 1.1 endpoint: the protocol, query processes and their limits, SERVICE, writes."""
