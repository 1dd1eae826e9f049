// Parallel.swift — the two costly steps of assembling a city spread over the machine's cores:
// transforming every coordinate with PROJ (one Transformer per worker, as PROJ contexts are not
// shared between threads) and the geodesic ring areas. Work is cut into contiguous chunks and
// results are written to fixed positions, so the output does not depend on the thread count.

import Foundation
import Proj

enum Parallel {
    static var workers: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Calls `body` on contiguous sub-ranges of 0..<n, concurrently.
    static func chunks(_ n: Int, minimum: Int = 4096, _ body: @Sendable (Range<Int>) -> Void) {
        let parts = max(1, min(workers, n / minimum))
        if parts == 1 { body(0..<n); return }
        DispatchQueue.concurrentPerform(iterations: parts) { p in
            body((n * p / parts)..<(n * (p + 1) / parts))
        }
    }
}

/// The first error any worker met.
private final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error?
    func record(_ error: Error) { lock.lock(); if stored == nil { stored = error }; lock.unlock() }
    var error: Error? { lock.lock(); defer { lock.unlock() }; return stored }
}

/// A box that lets workers write disjoint slots of one buffer.
private final class SharedBuffer<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
    init(_ base: UnsafeMutablePointer<T>) { self.base = base }
}

extension RingStore {
    /// Transforms every coordinate from `source` to `target` and rounds it to `decimals` digits.
    mutating func transform(from source: String, to target: String, roundTo decimals: Int? = nil) throws {
        let scale = decimals.map { Text.powers[$0] }
        try replaceCoordinates { xy in
            let points = xy.count / 2
            let failure = FirstError()
            xy.withUnsafeMutableBufferPointer { buffer in
                let shared = SharedBuffer(buffer.baseAddress!)
                Parallel.chunks(points) { range in
                    do {
                        let transformer = try Transformer(from: source, to: target)
                        var chunk = Array(UnsafeBufferPointer(start: shared.base + 2 * range.lowerBound, count: 2 * range.count))
                        try transformer.forward(&chunk)
                        if let s = scale { for k in chunk.indices { chunk[k] = (chunk[k] * s).rounded() / s } }
                        chunk.withUnsafeBufferPointer { c in
                            (shared.base + 2 * range.lowerBound).update(from: c.baseAddress!, count: c.count)
                        }
                    } catch {
                        failure.record(error)
                    }
                }
            }
            if let e = failure.error { throw e }
        }
    }

    /// Geodesic area (WGS84, m²) of every ring; the store must hold lon/lat.
    func geodesicAreas() -> [Double] {
        var areas = [Double](repeating: 0, count: count)
        areas.withUnsafeMutableBufferPointer { buffer in
            let shared = SharedBuffer(buffer.baseAddress!)
            let store = self
            Parallel.chunks(count, minimum: 512) { range in
                for i in range { shared.base[i] = Geodesic.exactRingArea(Array(store.flat(i))) }
            }
        }
        return areas
    }
}
