import Foundation

/// The connection file a frontend writes for a kernel (`jupyter kernel --ConnectionFileMixin.connection_file=…`).
public struct ConnectionInfo: Decodable, Equatable {
    public var transport: String
    public var ip: String
    public var shellPort: Int
    public var iopubPort: Int
    public var stdinPort: Int
    public var controlPort: Int
    public var hbPort: Int
    public var key: String
    public var signatureScheme: String
    public var kernelName: String?

    enum CodingKeys: String, CodingKey {
        case transport, ip, key
        case shellPort = "shell_port", iopubPort = "iopub_port", stdinPort = "stdin_port"
        case controlPort = "control_port", hbPort = "hb_port"
        case signatureScheme = "signature_scheme", kernelName = "kernel_name"
    }

    public init(transport: String = "tcp", ip: String = "127.0.0.1",
                shellPort: Int = 0, iopubPort: Int = 0, stdinPort: Int = 0, controlPort: Int = 0, hbPort: Int = 0,
                key: String = "", signatureScheme: String = "hmac-sha256", kernelName: String? = nil) {
        self.transport = transport
        self.ip = ip
        self.shellPort = shellPort
        self.iopubPort = iopubPort
        self.stdinPort = stdinPort
        self.controlPort = controlPort
        self.hbPort = hbPort
        self.key = key
        self.signatureScheme = signatureScheme
        self.kernelName = kernelName
    }

    public init(contentsOf url: URL) throws {
        self = try JSONDecoder().decode(ConnectionInfo.self, from: Data(contentsOf: url))
    }

    /// "tcp://127.0.0.1:5555"; port 0 asks zmq for any free port ("tcp://127.0.0.1:*").
    /// For the ipc transport the port becomes a suffix of the ip path, as jupyter_client does.
    public func endpoint(_ port: Int) -> String {
        if transport == "ipc" { return "ipc://\(ip)-\(port)" }
        return "\(transport)://\(ip):\(port == 0 ? "*" : String(port))"
    }
}
