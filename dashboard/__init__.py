"""Four Capitals: a sourced dashboard of events among Seoul, Moscow, Pyongyang and Kyiv."""
