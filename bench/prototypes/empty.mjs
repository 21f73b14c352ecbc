// Baseline for every preload: an --import that does nothing (it alone changes how a CommonJS main
// module is loaded, so the inspector's cost is the difference from this, not only from plain node).
