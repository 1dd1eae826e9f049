// WKBBytes.swift — one geometry's WKB, held in place: a whole array of its own, or its bytes inside a
// buffer shared by many features. A survey of a million footprints is kept in buffers of 16,384
// features each instead of an array per feature: an array costs its 32-byte header and the
// allocator's rounding beside the 93 bytes of a rectangle's WKB.

#if canImport(Glibc)
import Glibc
#endif

/// The bytes of one WKB geometry: zero-based, read-only, copied only when asked (`array`).
public struct WKBBytes: Sendable, Hashable, RandomAccessCollection {
    private let storage: [UInt8]
    private let start: UInt32
    private let length: UInt32

    /// All of `bytes`.
    public init(_ bytes: [UInt8]) { self.init(bytes, range: 0..<bytes.count) }

    /// `range` of `storage`, which is kept (not copied) as long as these bytes are.
    public init(_ storage: [UInt8], range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= storage.count && storage.count <= Int(UInt32.max),
                     "WKB range outside its buffer")
        (self.storage, self.start, self.length) = (storage, UInt32(range.lowerBound), UInt32(range.count))
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { Int(length) }

    public subscript(position: Int) -> UInt8 {
        precondition(position >= 0 && position < Int(length), "WKB index out of range")
        return storage[Int(start) + position]
    }

    /// The bytes, in place.
    @inline(__always)
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try storage.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[Int(start)..<Int(start + length)])) }
    }

    /// The 8 bytes at `offset`, as they lie (the caller fixes their byte order). Unchecked beyond
    /// the buffer's own bounds: for offsets a parsed directory vouches for (`PolygonWKB`).
    @inline(__always)
    public func word64(at offset: Int) -> UInt64 {
        storage.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: Int(start) + offset, as: UInt64.self) }
    }

    public func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        try withUnsafeBytes { try body($0.bindMemory(to: UInt8.self)) }
    }

    /// An array of these bytes alone: the array itself when it is all of its buffer, else a copy (what
    /// outlives a layer should not keep its whole buffer).
    public var array: [UInt8] {
        start == 0 && Int(length) == storage.count ? storage : withUnsafeBytes { Array($0) }
    }

    public static func == (a: WKBBytes, b: WKBBytes) -> Bool {
        a.length == b.length && a.withUnsafeBytes { x in b.withUnsafeBytes { y in x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 } }
    }

    public func hash(into hasher: inout Hasher) { withUnsafeBytes { hasher.combine(bytes: $0) } }

    /// `count` geometries copied into one new buffer, each then viewed in it.
    public static func packed(_ count: Int, _ bytes: (Int) -> WKBBytes) -> [WKBBytes] {
        var ends = [Int](repeating: 0, count: count)
        var total = 0
        for i in 0..<count { total += bytes(i).count; ends[i] = total }
        let buffer = [UInt8](unsafeUninitializedCapacity: total) { out, initialized in
            let raw = UnsafeMutableRawBufferPointer(out)
            var at = 0
            for i in 0..<count {
                bytes(i).withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: raw[at..<ends[i]]).copyMemory(from: $0) }
                at = ends[i]
            }
            initialized = total
        }
        return (0..<count).map { WKBBytes(buffer, range: ($0 == 0 ? 0 : ends[$0 - 1])..<ends[$0]) }
    }
}
