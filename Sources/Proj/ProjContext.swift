// ProjContext.swift — owns one PJ_CONTEXT and captures what PROJ logs on it.
//
// Each `CRS` and `Transformer` makes its own context and keeps a strong reference to it, so the
// context outlives the PJ objects made in it and is destroyed last — here, in the single place a
// PROJ context is destroyed (as georust/proj). PROJ's log is routed into `lastLog` instead of stderr,
// so its reason ends up in the `PROJError` message.

import CPROJ

final class ProjContext {
    let pointer: OpaquePointer
    private var lastLog: String?

    /// Wraps `proj_context_create` and `proj_log_func`.
    init() throws(PROJError) {
        let pointer = try PROJError.nonNull(proj_context_create(), "cannot create a PROJ context (out of memory?)")
        self.pointer = pointer
        proj_log_level(pointer, PJ_LOG_ERROR)
        // The context never outlives `self` (deinit destroys it), so an unretained pointer is safe.
        proj_log_func(pointer, Unmanaged.passUnretained(self).toOpaque()) { data, _, message in
            guard let data, let message else { return }
            Unmanaged<ProjContext>.fromOpaque(data).takeUnretainedValue().lastLog = String(cString: message)
        }
    }

    /// Forgets any earlier log line; called at the start of each public operation.
    func clearLog() { lastLog = nil }

    func takeLastLog() -> String? {
        defer { lastLog = nil }
        return lastLog
    }

    /// Wraps `proj_context_destroy`.
    deinit {
        proj_log_func(pointer, nil, nil)   // detach `self` before it goes away
        proj_context_destroy(pointer)
    }
}
