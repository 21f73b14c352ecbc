// An empty program: what the preload alone costs a process that does nothing.
