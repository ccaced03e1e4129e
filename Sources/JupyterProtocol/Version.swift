public enum JupyterProtocolVersion { public static let current = "5.4" }
