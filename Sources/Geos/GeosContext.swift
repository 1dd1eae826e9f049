// A GEOS context: the handle every reentrant (`_r`) call runs in, with its error and notice
// handlers. Contexts are not thread-safe: make one per worker and keep its geometries on that worker.
import CGEOS

/// Where GEOS's error and notice handlers leave their messages (read by `GEOSError`).
final class MessageBox {
    var lastError: String?
    var notices: [String] = []
}

/// One GEOS context. Every `Geometry`, `PreparedGeometry` and `STRtree` made in it keeps a strong
/// reference to it, so the context is finished last.
public final class GeosContext {
    @usableFromInline let handle: GEOSContextHandle_t
    let messages = MessageBox()
    // Reader and writer are cached per context: making them per call costs more than a small read.
    private var wkbReader: OpaquePointer?
    private var wkbWriter: OpaquePointer?
    private var wktReader: OpaquePointer?
    private var wktWriter: OpaquePointer?

    /// Makes a context with handlers that record GEOS's messages. Wraps `GEOS_init_r`.
    public init() {
        handle = GEOS_init_r()
        let box = Unmanaged.passUnretained(messages).toOpaque()
        GEOSContext_setErrorMessageHandler_r(handle, { message, userdata in
            guard let userdata, let message else { return }
            Unmanaged<MessageBox>.fromOpaque(userdata).takeUnretainedValue().lastError = String(cString: message)
        }, box)
        GEOSContext_setNoticeMessageHandler_r(handle, { message, userdata in
            guard let userdata, let message else { return }
            let box = Unmanaged<MessageBox>.fromOpaque(userdata).takeUnretainedValue()
            if box.notices.count < 100 { box.notices.append(String(cString: message)) }
        }, box)
    }

    deinit {
        if let wkbReader { GEOSWKBReader_destroy_r(handle, wkbReader) }
        if let wkbWriter { GEOSWKBWriter_destroy_r(handle, wkbWriter) }
        if let wktReader { GEOSWKTReader_destroy_r(handle, wktReader) }
        if let wktWriter { GEOSWKTWriter_destroy_r(handle, wktWriter) }
        finishGEOS_r(handle)
    }

    /// The GEOS library version, e.g. "3.11.1-CAPI-1.17.1". Wraps `GEOSversion`.
    public static var version: String { String(cString: GEOSversion()) }

    /// Notices GEOS has sent (for instance, the reason a geometry is invalid), oldest first.
    public var notices: [String] { messages.notices }

    func reader() -> OpaquePointer {
        if let wkbReader { return wkbReader }
        let r = GEOSWKBReader_create_r(handle)!
        wkbReader = r
        return r
    }

    func writer() -> OpaquePointer {
        if let wkbWriter { return wkbWriter }
        let w = GEOSWKBWriter_create_r(handle)!
        GEOSWKBWriter_setByteOrder_r(handle, w, 1)        // little-endian (NDR)
        GEOSWKBWriter_setOutputDimension_r(handle, w, 2)  // parcels stays 2D
        wkbWriter = w
        return w
    }

    func textReader() -> OpaquePointer {
        if let wktReader { return wktReader }
        let r = GEOSWKTReader_create_r(handle)!
        wktReader = r
        return r
    }

    func textWriter() -> OpaquePointer {
        if let wktWriter { return wktWriter }
        let w = GEOSWKTWriter_create_r(handle)!
        GEOSWKTWriter_setTrim_r(handle, w, 1)
        GEOSWKTWriter_setOutputDimension_r(handle, w, 2)
        wktWriter = w
        return w
    }
}
