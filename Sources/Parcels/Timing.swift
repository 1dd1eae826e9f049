// Phase timings on stderr when PARCELS_TIMING is set: where a run spends its time, for
// docs/performance.md and for anyone profiling their own data.
import Foundation

public let timingEnabled = ProcessInfo.processInfo.environment["PARCELS_TIMING"] != nil

/// Runs `body`, printing its wall time as "phase: 0.123 s" when timing is on.
public func timed<T, E: Error>(_ phase: String, _ body: () throws(E) -> T) throws(E) -> T {
    guard timingEnabled else { return try body() }
    let start = DispatchTime.now().uptimeNanoseconds
    defer {
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        FileHandle.standardError.write("timing \(phase): \(String(format: "%.3f", seconds)) s\(residentMB())\n".data(using: .utf8)!)
    }
    return try body()
}

/// ", resident N MB" from /proc/self/statm (Linux), or nothing where it cannot be read.
private func residentMB() -> String {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return "" }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return "" }
    return ", resident \(pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1_000_000) MB"
}
