"""What the LangGraph server serves besides the graphs: lane state over HTTP."""
