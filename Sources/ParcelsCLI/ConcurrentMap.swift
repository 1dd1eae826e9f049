// Pages and JSON of a city are made in pieces on all cores, then joined in order.
import Dispatch
import Foundation

/// `body(i)` for every i in 0..<count, on all cores (`DispatchQueue.concurrentPerform`), in order.
/// `body` only reads what it shares with the other calls.
func concurrentMap<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
    let slots = Slots<T>(count)
    withoutActuallyEscaping(body) { body in
        let shared = UncheckedSendable(body)
        DispatchQueue.concurrentPerform(iterations: count) { i in slots.set(i, shared.value(i)) }
    }
    return slots.values()
}

/// Results written by index from several threads, each slot by one thread only.
private final class Slots<T>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()
    init(_ n: Int) { slots = Array(repeating: nil, count: n) }
    func set(_ i: Int, _ value: T) { lock.lock(); slots[i] = value; lock.unlock() }
    func values() -> [T] { lock.lock(); defer { lock.unlock() }; return slots.map { $0! } }
}

/// A value handed to the threads of `concurrentPerform`, which only read it.
private struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
