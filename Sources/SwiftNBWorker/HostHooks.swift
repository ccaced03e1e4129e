import Foundation
import CWorkerSupport

// The C symbols the preloaded library's display protocol looks up with dlsym. The worker is
// linked with --export-dynamic so that they are visible.

@_cdecl("swiftnb_host_display")
public func hostDisplay(_ json: UnsafePointer<CChar>) {
    guard let data = String(cString: json).data(using: .utf8),
          var message = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return }
    message["type"] = "display"
    Worker.shared.pump.sendInOrder(message)
}

@_cdecl("swiftnb_host_clear_output")
public func hostClearOutput(_ wait: Int32) {
    Worker.shared.pump.sendInOrder(["type": "clear", "wait": wait != 0])
}

@_cdecl("swiftnb_host_read_line")
public func hostReadLine(_ prompt: UnsafePointer<CChar>, _ password: Int32) -> UnsafeMutablePointer<CChar>? {
    guard let line = Worker.shared.readLine(prompt: String(cString: prompt), password: password != 0) else { return nil }
    return strdup(line)
}

@_cdecl("swiftnb_host_interrupt_requested")
public func hostInterruptRequested() -> Int32 {
    swiftnb_interrupt_flag()
}

@_cdecl("swiftnb_host_fail_cell")
public func hostFailCell(_ name: UnsafePointer<CChar>, _ value: UnsafePointer<CChar>) {
    Worker.shared.failure = (String(cString: name), String(cString: value))
    swiftnb_fail_current_cell()
}

@_cdecl("swiftnb_host_binding_ready")
public func hostBindingReady(_ index: Int) {
    Worker.shared.bindingsReady = index + 1
}
