// Phase timings on stderr when PARCELS_TIMING is set: where a run spends its time, for
// docs/performance.md and for anyone profiling their own data.
import Foundation

let timingEnabled = ProcessInfo.processInfo.environment["PARCELS_TIMING"] != nil

/// Runs `body`, printing its wall time as "phase: 0.123 s" when timing is on.
func timed<T, E: Error>(_ phase: String, _ body: () throws(E) -> T) throws(E) -> T {
    guard timingEnabled else { return try body() }
    let start = DispatchTime.now().uptimeNanoseconds
    defer {
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        FileHandle.standardError.write("timing \(phase): \(String(format: "%.3f", seconds)) s\n".data(using: .utf8)!)
    }
    return try body()
}
