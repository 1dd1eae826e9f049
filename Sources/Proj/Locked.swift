// Locked.swift — a value shared between threads behind a lock, for every module of the package.
import Foundation

/// A value shared between threads behind a lock. A pthread mutex (`NSLock`) rather than
/// Synchronization's `Mutex`: ThreadSanitizer sees the former's ordering, and reported accesses
/// under the latter (futex-based on Linux) as races (a `static let` Mutex in `Transformer` too).
package final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    package init(_ value: Value) { self.value = value }
    package func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
