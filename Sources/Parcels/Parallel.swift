// Work spread over all cores: one worker per core, each with its own state (its own GEOS context and
// PROJ transformer), pulling chunks of indices from a shared counter. Results come back in index
// order whatever the number of workers, so outputs are deterministic.
import Dispatch
import Foundation
import Synchronization

/// Number of workers: the machine's active cores, or `PARCELS_THREADS` when set (for benchmarks).
public var workerCount: Int {
    if let s = ProcessInfo.processInfo.environment["PARCELS_THREADS"], let n = Int(s), n > 0 { return n }
    return max(1, ProcessInfo.processInfo.activeProcessorCount)
}

/// Results written by index from many threads; each slot is written by exactly one worker.
private final class Slots<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T?>
    init(_ n: Int) {
        buffer = .allocate(capacity: n)
        buffer.initialize(repeating: nil)
    }
    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }
}

/// Calls `body(&state, i)` for every i in 0..<count on all cores and returns the results in order.
/// `makeState` runs once per worker. The first error by index is rethrown after all workers stop.
func parallelMap<State, T>(_ count: Int, chunk: Int = 64, makeState: @Sendable () throws -> State,
                           _ body: @Sendable (inout State, Int) throws -> T) throws -> [T] {
    if count == 0 { return [] }
    let workers = min(workerCount, (count + chunk - 1) / chunk)
    let results = Slots<Result<T, any Error>>(count)
    let next = Atomic<Int>(0)
    let stateErrors = Mutex<[any Error]>([])
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        var state: State
        do { state = try makeState() } catch {
            stateErrors.withLock { $0.append(error) }
            return
        }
        while true {
            let start = next.add(chunk, ordering: .relaxed).oldValue
            if start >= count { break }
            for i in start..<min(start + chunk, count) {
                do { results.buffer[i] = .success(try body(&state, i)) } catch { results.buffer[i] = .failure(error) }
            }
        }
    }
    if let error = stateErrors.withLock({ $0.first }) { throw error }
    var out: [T] = []
    out.reserveCapacity(count)
    for i in 0..<count {
        guard let r = results.buffer[i] else { fatalError("parallelMap: slot \(i) not filled") }
        out.append(try r.get())
    }
    return out
}
