"""The benchmark API written idiomatically in restkit and each of its peers."""
