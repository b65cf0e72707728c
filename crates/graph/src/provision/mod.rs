//! Provision on demand: who, which rule, the request, and the pacing of many users.
