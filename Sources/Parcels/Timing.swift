// Phase timings on stderr when PARCELS_TIMING is set: where a run spends its time, for
// docs/performance.md and for anyone profiling their own data.
import Foundation
import MallocConfig

public let timingEnabled = ProcessInfo.processInfo.environment["PARCELS_TIMING"] != nil

/// Runs `body`, printing "timing phase: 0.123 s, cpu 0.240 s, resident N MB, heap M MB, done at
/// 4.567 s" when timing is on: wall time, the process's CPU time (all threads; steadier than wall time
/// on a busy machine), memory (resident, and the heap's live bytes where jemalloc counts them:
/// resident memory also holds freed pages not yet returned, and the libraries; MB = 2^20 bytes), and
/// the time since the first timing (phases read on several threads at once overlap: their ends show
/// where the run's time went).
public func timed<T, E: Error>(_ phase: String, _ body: () throws(E) -> T) throws(E) -> T {
    guard timingEnabled else { return try body() }
    var stopwatch = Stopwatch()
    defer { stopwatch.lap(phase) }
    return try body()
}

/// ", resident N MB" from /proc/self/statm (Linux), and ", heap M MB" from jemalloc; each left out
/// where it cannot be read.
private func memoryMB() -> String {
    var text = ""
    if let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) {
        let fields = statm.split(separator: " ")
        if fields.count > 1, let pages = Int(fields[1]) { text += ", resident \((pages * Int(sysconf(Int32(_SC_PAGESIZE)))) >> 20) MB" }
    }
    let heap = parcels_allocated_bytes()
    if heap >= 0 { text += ", heap \(heap >> 20) MB" }
    return text
}

/// User + system CPU seconds of the whole process so far.
private func processCPUSeconds() -> Double {
    var usage = rusage()
    guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// When the first timing began (the start of the run, near enough).
private let timingOrigin = DispatchTime.now().uptimeNanoseconds

/// Successive phases of one function, timed without nesting them in closures: `lap("phase")` prints
/// the time since the previous lap (or since the stopwatch was made). `timed` is one lap.
struct Stopwatch {
    private var wall = { _ = timingOrigin; return DispatchTime.now().uptimeNanoseconds }()
    private var cpu = processCPUSeconds()

    mutating func lap(_ phase: String) {
        guard timingEnabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds, nowCPU = processCPUSeconds()
        let line = "timing \(phase): \(String(format: "%.3f", Double(now - wall) / 1e9)) s, cpu \(String(format: "%.3f", nowCPU - cpu)) s\(memoryMB())"
            + ", done at \(String(format: "%.3f", Double(now - timingOrigin) / 1e9)) s\n"
        try? FileHandle.standardError.write(contentsOf: Data(line.utf8))     // a full or closed stderr stops nothing
        wall = now; cpu = nowCPU
    }
}
