// Work spread over all cores: one worker per core, each with its own state (its own GEOS context and
// PROJ transformer), pulling chunks of indices from a shared counter. Results come back in index
// order whatever the number of workers, so outputs are deterministic.
import Dispatch
import Foundation
import Proj
import Synchronization

/// Number of workers: the machine's active cores, or `PARCELS_THREADS` when set (for benchmarks).
public var workerCount: Int {
    if let s = ProcessInfo.processInfo.environment["PARCELS_THREADS"], let n = Int(s), n > 0 { return n }
    return max(1, ProcessInfo.processInfo.activeProcessorCount)
}

/// Slots of an array being initialized by many threads; each slot is written by exactly one worker.
/// The steps `parallelCompactMap` and `JoinableMap` share: one index worked into its slot, the
/// filled slots moved down into order, the first error by index.
private struct Slots<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
    let filled: UnsafeMutableBufferPointer<Bool>
    let errors: Locked<[(index: Int, error: any Error)]>

    /// `body(&state, i)` into slot i: a value fills it, nil leaves it empty (an error with `keepAll`),
    /// an error is kept for `firstError`.
    func work<State>(_ i: Int, _ state: inout State, keepAll: Bool, _ body: (inout State, Int) throws -> T?) {
        do {
            if let value = try body(&state, i) {
                (base + i).initialize(to: value)
                filled[i] = true
            } else {
                precondition(!keepAll, "parallelMap: no result for \(i)")
            }
        } catch {
            errors.withLock { $0.append((i, error)) }
        }
    }

    /// Moves each filled slot of the first `count` down to the next free position; returns how many.
    func compact(_ count: Int) -> Int {
        var kept = 0
        for i in 0..<count where filled[i] {
            if kept != i { (base + kept).moveInitialize(from: base + i, count: 1) }
            kept += 1
        }
        return kept
    }

    /// The error of the lowest index (a worker whose state could not be made counts as index −1).
    var firstError: (any Error)? { errors.withLock { $0.min { $0.index < $1.index } }?.error }
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

/// At most `chunk` indices a claim, fewer for short maps: a few heavy items (16 claims each over a
/// whole district) in one chunk of 64 left every core but one idle, so each worker gets several.
private func chunkSize(_ chunk: Int, _ count: Int) -> Int { max(1, min(chunk, count / (4 * workerCount))) }

/// `parallelMap` keeping the non-nil results, in order; the array is compacted in place.
/// With `keepAll` a nil result is a programming error.
/// `finish` gets each worker's state when the worker is done (to keep it for the next call).
func parallelCompactMap<State, T>(_ count: Int, chunk: Int = 64, makeState: @Sendable () throws -> State, keepAll: Bool = false,
                                  finish: @Sendable (State) -> Void = { _ in },
                                  _ body: @Sendable (inout State, Int) throws -> T?) throws -> [T] {
    if count == 0 { return [] }
    let chunk = chunkSize(chunk, count)
    let workers = min(workerCount, (count + chunk - 1) / chunk)
    let next = Atomic<Int>(0)
    let filled = UnsafeMutableBufferPointer<Bool>.allocate(capacity: count)
    filled.initialize(repeating: false)
    defer { filled.deallocate() }
    return try Array(unsafeUninitializedCapacity: count) { buffer, initializedCount in
        let slots = Slots(base: buffer.baseAddress!, filled: filled, errors: Locked([]))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var state: State
            do { state = try makeState() } catch {
                slots.errors.withLock { $0.append((-1, error)) }
                return
            }
            defer { finish(state) }
            while true {
                let start = next.add(chunk, ordering: .relaxed).oldValue
                if start >= count { break }
                for i in start..<min(start + chunk, count) { slots.work(i, &state, keepAll: keepAll, body) }
            }
        }
        let kept = slots.compact(count)
        if let error = slots.firstError {
            buffer.baseAddress!.deinitialize(count: kept)
            initializedCount = 0
            throw error
        }
        initializedCount = kept
    }
}

/// `parallelCompactMap` started on other threads and joined by the thread that wants its result:
/// `result()` works through the indices still unclaimed before it waits, so a thread that would
/// otherwise wait idle for the map works on it. (A survey's batches are prepared while the next
/// batch is read, and two layers are read at once: with `Background` and a plain map, the thread
/// pool's two threads could be one reader and one preparer for both layers, 20–30 % of the two
/// cores idle while the 1M city was read, until libdispatch grew its pool, which it does after a
/// delay of its own.) Up to `workerCount - 1` helpers are started; a helper that starts when
/// nothing is left does nothing. Results in index order, errors as `parallelCompactMap`'s.
final class JoinableMap<State, T>: @unchecked Sendable {
    private let count: Int
    private let chunk: Int
    private let keepAll: Bool
    private let makeState: @Sendable () throws -> State
    private let finish: @Sendable (State) -> Void
    private let body: @Sendable (inout State, Int) throws -> T?
    private let next = Atomic<Int>(0)        // the first index not yet claimed
    private let settled = Atomic<Int>(0)     // indices done (results written or errors recorded)
    private let allSettled = DispatchSemaphore(value: 0)
    private let slots: Slots<T>

    init(_ count: Int, chunk: Int = 64, makeState: @escaping @Sendable () throws -> State, keepAll: Bool = false,
         finish: @escaping @Sendable (State) -> Void = { _ in }, _ body: @escaping @Sendable (inout State, Int) throws -> T?) {
        self.count = count
        self.chunk = chunkSize(chunk, count)
        self.keepAll = keepAll
        self.makeState = makeState
        self.finish = finish
        self.body = body
        let filled = UnsafeMutableBufferPointer<Bool>.allocate(capacity: max(count, 1))
        filled.initialize(repeating: false)
        slots = Slots(base: .allocate(capacity: max(count, 1)), filled: filled, errors: Locked([]))
        let helpers = min(workerCount, (count + self.chunk - 1) / self.chunk) - 1
        for _ in 0..<max(0, helpers) { DispatchQueue.global().async { self.work() } }
    }

    /// Claims chunks until none is left. The state is made at the first chunk claimed and given to
    /// `finish` once no chunk is left to claim, before the last chunk is counted as settled.
    private func work() {
        var state: State?
        while true {
            let start = next.add(chunk, ordering: .relaxed).oldValue
            if start >= count { break }
            let end = min(start + chunk, count)
            if state == nil {
                do { state = try makeState() } catch { slots.errors.withLock { $0.append((-1, error)) } }
            }
            if state != nil {
                for i in start..<end { slots.work(i, &state!, keepAll: keepAll, body) }
            }
            if next.load(ordering: .relaxed) >= count, let s = state { finish(s); state = nil }
            if settled.add(end - start, ordering: .acquiringAndReleasing).newValue == count { allSettled.signal() }
        }
        if let state { finish(state) }
    }

    /// Works on what is left, waits for the helpers' last chunks, and returns the results in order
    /// (or throws the first error by index). Called once, always (the buffers are let go here).
    func result() throws -> [T] {
        if count == 0 { release(); return [] }
        work()
        allSettled.wait()
        precondition(settled.load(ordering: .acquiring) == count)   // orders the helpers' writes before the reads below
        let kept = slots.compact(count)
        if let error = slots.firstError {
            slots.base.deinitialize(count: kept)
            release()
            throw error
        }
        let results = Array(unsafeUninitializedCapacity: kept) { buffer, initialized in
            buffer.baseAddress!.moveInitialize(from: slots.base, count: kept)
            initialized = kept
        }
        release()
        return results
    }

    /// The buffers are let go here, by the thread that read them after every helper's last write,
    /// not in `deinit` (which may run on a helper's thread); and at once: a layer prepared whole (a
    /// survey for `parcels area`) would otherwise hold its features twice until the map is gone.
    private func release() {
        slots.base.deallocate()
        slots.filled.deallocate()
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
