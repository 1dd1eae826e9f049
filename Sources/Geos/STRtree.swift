// GEOS's packed STRtree over envelopes, with integer items. The tree is built on its first query;
// no insert is allowed after that (GEOS 3.11 has no explicit build call).
import CGEOS


/// A spatial index of envelopes, each tagged with an integer (an index into the caller's array).
public final class STRtree {
    public let context: GeosContext
    let handle: OpaquePointer
    private var sealed = false

    /// Wraps `GEOSSTRtree_create_r`.
    public init(context: GeosContext, nodeCapacity: Int = 10) {
        self.context = context
        self.handle = GEOSSTRtree_create_r(context.handle, nodeCapacity)!
    }

    deinit { GEOSSTRtree_destroy_r(context.handle, handle) }

    /// Adds `item` with the envelope of `geometry` (GEOS copies the envelope; the geometry need not
    /// outlive the tree). Wraps `GEOSSTRtree_insert_r`.
    public func insert(_ geometry: Geometry, item: Int) {
        precondition(!sealed, "STRtree insert after query")
        precondition(item >= 0)
        // Items travel as pointers: store item + 1 so item 0 is not a null pointer.
        GEOSSTRtree_insert_r(context.handle, handle, geometry.handle, UnsafeMutableRawPointer(bitPattern: item + 1))
    }

    /// Adds `item` with envelope `e`.
    public func insert(_ e: Envelope, item: Int) throws(GEOSError) {
        insert(try Geometry.rectangle(e, context: context), item: item)
    }

    /// Items whose envelopes intersect the envelope of `geometry`, in ascending order. Wraps `GEOSSTRtree_query_r`.
    public func query(_ geometry: Geometry) -> [Int] {
        sealed = true
        // Room for a typical query's few hits up front: growing an empty array by appends costs two
        // or three allocations per query, which were most of the wrapper's cost over the C API.
        var items: [Int] = []
        items.reserveCapacity(8)
        withUnsafeMutablePointer(to: &items) { p in
            GEOSSTRtree_query_r(context.handle, handle, geometry.handle, { item, userdata in
                userdata!.assumingMemoryBound(to: [Int].self).pointee.append(Int(bitPattern: item) - 1)
            }, p)
        }
        if !isSortedAscending(items) { items.sort() }
        return items
    }

    private func isSortedAscending(_ a: [Int]) -> Bool {
        var i = 1
        while i < a.count { if a[i - 1] > a[i] { return false }; i += 1 }
        return true
    }

    /// Items whose envelopes intersect `e`, in ascending order.
    public func query(_ e: Envelope) throws(GEOSError) -> [Int] {
        query(try Geometry.rectangle(e, context: context))
    }
}
