public enum GateboardUI {}
