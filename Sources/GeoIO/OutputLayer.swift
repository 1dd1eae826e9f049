// What a writer takes: a named layer with a CRS, a geometry type, typed fields and rows of WKB plus
// one value per field.

/// The type of an output attribute column.
public enum FieldKind: Sendable, Equatable {
    case int, double, string
}

/// One layer to write.
public struct OutputLayer: Sendable {
    /// The geometry type the layer declares.
    public enum GeometryType: Sendable, Equatable {
        /// Polygons only.
        case polygon
        /// Multipolygons; a polygon row is written as a multipolygon of one.
        case multipolygon
        case point
    }

    public var name: String
    /// "EPSG:n", WKT, PROJJSON or a PROJ string.
    public var crs: String
    public var geometryType: GeometryType
    public var fields: [(name: String, kind: FieldKind)]
    /// 2D (or 3D) WKB, ISO or extended, either byte order; `values` in the order of `fields`.
    public var rows: [(wkb: [UInt8]?, values: [FieldValue])]

    public init(
        name: String, crs: String, geometryType: GeometryType = .multipolygon,
        fields: [(name: String, kind: FieldKind)], rows: [(wkb: [UInt8]?, values: [FieldValue])]
    ) {
        self.name = name
        self.crs = crs
        self.geometryType = geometryType
        self.fields = fields
        self.rows = rows
    }
}
