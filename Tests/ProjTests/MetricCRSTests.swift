// MetricCRSTests.swift — UTM zone choice; expected zones by hand: zone = ⌊(lon + 180) / 6⌋ + 1.

import Testing
import Proj

@Test func utmZones() {
    #expect(MetricCRS.utm(longitude: 121.47, latitude: 31.23) == "EPSG:32651")   // ⌊301.47/6⌋+1 = 51
    #expect(MetricCRS.utm(longitude: -70.65, latitude: -33.45) == "EPSG:32719")  // ⌊109.35/6⌋+1 = 19, south
    #expect(MetricCRS.utm(longitude: 0, latitude: 0) == "EPSG:32631")            // equator counts as north
    #expect(MetricCRS.utm(longitude: -180, latitude: 10) == "EPSG:32601")
    #expect(MetricCRS.utm(longitude: 180, latitude: 10) == "EPSG:32660")         // east edge of zone 60
    #expect(MetricCRS.utm(longitude: 179.99, latitude: -10) == "EPSG:32760")
    #expect(MetricCRS.utm(longitude: 3, latitude: 50) == "EPSG:32631")           // ⌊183/6⌋+1 = 31
    #expect(MetricCRS.utm(longitude: 481.47, latitude: 31.23) == "EPSG:32651")   // 481.47 wraps to 121.47
    #expect(MetricCRS.utm(longitude: .nan, latitude: .nan) == "EPSG:32631")      // no trap
}
