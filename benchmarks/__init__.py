"""restkit's performance harness: the same small API in restkit and its peers, measured."""
