// GEOS failures become one Swift error carrying GEOS's own message. Return codes are turned into
// throws in the helpers below and nowhere else.
import CGEOS

/// A failed GEOS call, with the message GEOS's error handler gave.
public struct GEOSError: Error, CustomStringConvertible, Sendable {
    public let operation: String
    public let message: String
    public var description: String { "GEOS \(operation) failed: \(message)" }
}

extension GeosContext {
    /// Takes and clears the last error message the handler recorded.
    @usableFromInline func takeError(_ operation: String) -> GEOSError {
        let message = messages.lastError ?? "unknown error"
        messages.lastError = nil
        return GEOSError(operation: operation, message: message)
    }

    /// A geometry pointer GEOS returned, owned from here on, or the error GEOS reported.
    func owned(_ pointer: OpaquePointer?, _ operation: String) throws(GEOSError) -> Geometry {
        guard let pointer else { throw takeError(operation) }
        return Geometry(owning: pointer, in: self)
    }

    /// A GEOS predicate's `char` result: 1 true, 0 false, 2 exception.
    func truth(_ value: CChar, _ operation: String) throws(GEOSError) -> Bool {
        if value == 2 { throw takeError(operation) }
        return value == 1
    }

    /// A GEOS measure returning 1 on success and 0 on exception, with its value through a pointer.
    /// Inlinable, as the measures that use it: they cost GEOS some 20 ns, so a call across modules
    /// would be a large share of them.
    @inlinable func measure(_ operation: String, _ body: (UnsafeMutablePointer<Double>) -> Int32) throws(GEOSError) -> Double {
        var value = 0.0
        guard body(&value) == 1 else { throw takeError(operation) }
        return value
    }
}
