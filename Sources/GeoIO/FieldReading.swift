// Attribute values out of an OGR feature: each field's kind is looked up once per layer, then every
// feature's value is read with the one call that suits it. Dates and times become ISO 8601 text.

import CGDAL

/// How to read one field, decided once from its OGR type.
enum FieldReader {
    case int, double, string, date, time, dateTime

    /// Wraps `OGR_Fld_GetType`.
    init(_ definition: OGRFieldDefnH) {
        let type = OGR_Fld_GetType(definition)
        switch type {
        case OFTInteger, OFTInteger64: self = .int
        case OFTReal: self = .double
        case OFTDate: self = .date
        case OFTTime: self = .time
        case OFTDateTime: self = .dateTime
        default: self = .string  // strings, lists and binary as GDAL prints them
        }
    }

    /// The value of field `index` of `feature`. Wraps `OGR_F_IsFieldSetAndNotNull` and
    /// `OGR_F_GetFieldAsInteger64` / `…AsDouble` / `…AsString` / `…AsDateTimeEx`.
    /// Text that is not UTF-8 (a GBK .dbf without a .cpg) throws rather than turning into U+FFFD:
    /// two district names in GBK would otherwise both read as "����" and merge.
    func value(of feature: OGRFeatureH, at index: Int32) throws(FieldFailure) -> FieldValue {
        guard OGR_F_IsFieldSetAndNotNull(feature, index) != 0 else { return .null }
        switch self {
        case .int: return .int(OGR_F_GetFieldAsInteger64(feature, index))
        case .double: return .double(OGR_F_GetFieldAsDouble(feature, index))
        case .string:
            guard let text = OGR_F_GetFieldAsString(feature, index) else { return .null }
            return try textValue(text)
        case .date, .time, .dateTime:
            return isoDateTime(feature, index)
        }
    }

    /// "2024-05-01", "10:20:30" or "2024-05-01T10:20:30.5+08:00" (Z for UTC, no suffix when unknown).
    private func isoDateTime(_ feature: OGRFeatureH, _ index: Int32) -> FieldValue {
        var year: Int32 = 0, month: Int32 = 0, day: Int32 = 0
        var hour: Int32 = 0, minute: Int32 = 0, zone: Int32 = 0
        var second: Float = 0
        guard OGR_F_GetFieldAsDateTimeEx(
            feature, index, &year, &month, &day, &hour, &minute, &second, &zone) != 0
        else { return .null }
        let date = "\(pad(year, 4))-\(pad(month))-\(pad(day))"
        var time = "\(pad(hour)):\(pad(minute)):"
        let whole = Int32(second)
        time += pad(whole)
        let milliseconds = min(999, Int32(((Double(second) - Double(whole)) * 1000).rounded()))
        if milliseconds > 0 { time += ".\(pad(milliseconds, 3))" }
        switch self {
        case .date: return .string(date)
        case .time: return .string(time)
        default: return .string("\(date)T\(time)\(zoneSuffix(zone))")
        }
    }
}

/// A text value, which must be UTF-8 (up to its first NUL, as GDAL gives it).
func textValue(_ text: UnsafePointer<CChar>) throws(FieldFailure) -> FieldValue {
    guard let string = String(validatingCString: text) else {
        let bytes = UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self)
        let shown = (0..<min(8, strlen(text))).map { hexByte(bytes[$0]) }.joined(separator: " ")
        throw FieldFailure(reason: "text is not UTF-8 (bytes \(shown)…)")
    }
    return .string(string)
}

/// A text value from bytes in place (a CSV field read here), which must be UTF-8, as `textValue`.
func textValue(_ bytes: UnsafeRawBufferPointer) throws(FieldFailure) -> FieldValue {
    guard let string = String(validating: bytes, as: UTF8.self) else {
        let shown = bytes.prefix(8).map(hexByte).joined(separator: " ")
        throw FieldFailure(reason: "text is not UTF-8 (bytes \(shown)…)")
    }
    return .string(string)
}

/// OGR's time-zone flag as ISO text: 100 is UTC, each step above or below is 15 minutes.
private func zoneSuffix(_ flag: Int32) -> String {
    guard flag >= 100 else { return "" }  // 0 unknown, 1 local time
    if flag == 100 { return "Z" }
    let minutes = (flag - 100) * 15
    let sign = minutes < 0 ? "-" : "+"
    return "\(sign)\(pad(abs(minutes) / 60)):\(pad(abs(minutes) % 60))"
}

private func pad(_ value: Int32, _ width: Int = 2) -> String {
    let text = String(value)
    return String(repeating: "0", count: max(0, width - text.count)) + text
}

/// Why a field's value could not be read; the reader adds the file, layer, feature and field.
struct FieldFailure: Error {
    let reason: String
}

private func hexByte(_ byte: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
}
