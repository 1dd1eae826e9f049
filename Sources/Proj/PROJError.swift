// PROJError.swift — the one error type of the PROJ wrapper, and the only helpers that make it.
//
// Every failure becomes a `PROJError` through `PROJError.require`/`PROJError.nonNull` (plain conditions)
// or their `ProjContext` forms `nonNull`, `succeeded`, `require` (as swift-system's `valueOrErrno`),
// which add PROJ's own reason: the last line PROJ logged on the context, then its errno text.

import CPROJ

/// An error reported by PROJ (or a PROJ call given unusable input), with PROJ's own reason.
public struct PROJError: Error, CustomStringConvertible, Sendable {
    /// What failed and why, e.g. `cannot create a CRS from "EPSG:999999": crs not found`.
    public let message: String
    public var description: String { message }

    private init(_ what: String, reason: String?) {
        message = reason.map { "\(what): \($0)" } ?? what
    }

    /// Throws `what` (and `reason`, if any) when `condition` is false.
    static func require(_ condition: Bool, _ what: @autoclosure () -> String,
                        reason: @autoclosure () -> String? = nil) throws(PROJError) {
        guard condition else { throw PROJError(what(), reason: reason()) }
    }

    /// Returns `value`, or throws `what` (and `reason`, if any) when it is nil.
    static func nonNull<T>(_ value: T?, _ what: @autoclosure () -> String,
                           reason: @autoclosure () -> String? = nil) throws(PROJError) -> T {
        guard let value else { throw PROJError(what(), reason: reason()) }
        return value
    }
}

extension ProjContext {
    /// PROJ's reason for the last failure on this context: the last logged line, then the errno text.
    /// Consumes the logged line so it is never attached to a later, unrelated error.
    private func reason(errno: Int32) -> String? {
        var reasons: [String] = []
        if let logged = takeLastLog(), !logged.isEmpty { reasons.append(logged) }
        // PROJ_ERR_OTHER only says "Unknown error (code 4096)"; the logged line is more useful.
        if errno != 0, !(errno == PROJ_ERR_OTHER && !reasons.isEmpty),
           let text = proj_context_errno_string(pointer, errno) {
            let errnoText = String(cString: text)
            if !reasons.contains(where: { $0.contains(errnoText) }) { reasons.append(errnoText) }
        }
        return reasons.isEmpty ? nil : reasons.joined(separator: "; ")
    }

    /// Returns `value`, or throws PROJ's reason when a PROJ call returned NULL.
    func nonNull<T>(_ value: T?, _ what: @autoclosure () -> String) throws(PROJError) -> T {
        try PROJError.nonNull(value, what(), reason: reason(errno: proj_context_errno(pointer)))
    }

    /// Throws PROJ's reason when a PROJ call returned FALSE (0).
    func succeeded(_ code: Int32, _ what: @autoclosure () -> String) throws(PROJError) {
        try PROJError.require(code != 0, what(), reason: reason(errno: proj_context_errno(pointer)))
    }

    /// Throws when `condition` is false; `errno` (e.g. `proj_errno(P)` after a transform) adds PROJ's reason.
    func require(_ condition: Bool, _ what: @autoclosure () -> String, errno: Int32 = 0) throws(PROJError) {
        try PROJError.require(condition, what(), reason: reason(errno: errno))
    }
}
