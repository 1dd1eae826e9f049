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

/// Slots of an array being initialized by many threads; each slot is written by exactly one worker.
private struct Slots<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
    let filled: UnsafeMutableBufferPointer<Bool>
}

/// Calls `body(&state, i)` for every i in 0..<count on all cores and returns the results in order.
/// `makeState` runs once per worker. The first error by index is rethrown after all workers stop.
/// Results are written straight into the returned array (no second copy of a city's million results).
func parallelMap<State, T>(_ count: Int, chunk: Int = 64, makeState: @Sendable () throws -> State,
                           _ body: @Sendable (inout State, Int) throws -> T) throws -> [T] {
    try parallelCompactMap(count, chunk: chunk, makeState: makeState, keepAll: true) { state, i -> T? in try body(&state, i) }
}

/// `body(i)` for every i in 0..<count on all cores, in order, for the front ends (a city's page and
/// JSON are made in large pieces: each index is one piece). `body` only reads what its calls share.
public func parallelMap<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
    withoutActuallyEscaping(body) { body in
        let shared = SharedReadOnly(body)
        // `body` cannot throw, so neither can this.
        return try! parallelMap(count, chunk: 1, makeState: { () }) { _, i in shared.value(i) }
    }
}

/// A value the workers of one `parallelMap` call only read.
private struct SharedReadOnly<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// `parallelMap` keeping the non-nil results, in order; the array is compacted in place.
/// With `keepAll` a nil result is a programming error.
/// `finish` gets each worker's state when the worker is done (to keep it for the next call).
func parallelCompactMap<State, T>(_ count: Int, chunk: Int = 64, makeState: @Sendable () throws -> State, keepAll: Bool = false,
                                  finish: @Sendable (State) -> Void = { _ in },
                                  _ body: @Sendable (inout State, Int) throws -> T?) throws -> [T] {
    if count == 0 { return [] }
    // A few heavy items (16 claims each over a whole district) in one chunk of 64 left every core but
    // one idle: chunks are made small enough for each worker to get several.
    let chunk = max(1, min(chunk, count / (4 * workerCount)))
    let workers = min(workerCount, (count + chunk - 1) / chunk)
    let errors = Locked<[(index: Int, error: any Error)]>([])
    let next = Atomic<Int>(0)
    let filled = UnsafeMutableBufferPointer<Bool>.allocate(capacity: count)
    filled.initialize(repeating: false)
    defer { filled.deallocate() }
    return try Array(unsafeUninitializedCapacity: count) { buffer, initializedCount in
        let slots = Slots(base: buffer.baseAddress!, filled: filled)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var state: State
            do { state = try makeState() } catch {
                errors.withLock { $0.append((-1, error)) }
                return
            }
            defer { finish(state) }
            while true {
                let start = next.add(chunk, ordering: .relaxed).oldValue
                if start >= count { break }
                for i in start..<min(start + chunk, count) {
                    do {
                        if let value = try body(&state, i) {
                            (slots.base + i).initialize(to: value)
                            slots.filled[i] = true
                        } else {
                            precondition(!keepAll, "parallelMap: no result for \(i)")
                        }
                    } catch {
                        errors.withLock { $0.append((i, error)) }
                    }
                }
            }
        }
        // Compact in place: move each result down to the next free position.
        var kept = 0
        for i in 0..<count where filled[i] {
            if kept != i { (buffer.baseAddress! + kept).moveInitialize(from: buffer.baseAddress! + i, count: 1) }
            kept += 1
        }
        if let first = errors.withLock({ $0.min { $0.index < $1.index } }) {
            buffer.baseAddress!.deinitialize(count: kept)
            initializedCount = 0
            throw first.error
        }
        initializedCount = kept
    }
}

/// A value shared between workers behind a lock. A pthread mutex (`NSLock`) rather than
/// Synchronization's `Mutex`: ThreadSanitizer sees the former's ordering, and reported accesses
/// under the latter (futex-based on Linux) as races.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

/// Work started on another thread while the caller goes on; `result()` waits for it and returns its
/// value or rethrows its error. The dispatch group orders the write of the outcome before its read.
public final class Background<T>: @unchecked Sendable {
    private let group = DispatchGroup()
    private var outcome: Result<T, any Error>?

    public init(_ work: @escaping @Sendable () throws -> T) {
        DispatchQueue.global().async(group: group) { self.outcome = Result { try work() } }
    }

    /// Waits for the work (also when its result is no longer wanted, so nothing it uses goes away
    /// under it).
    public func wait() { group.wait() }

    public func result() throws -> T {
        group.wait()
        return try outcome!.get()
    }
}
