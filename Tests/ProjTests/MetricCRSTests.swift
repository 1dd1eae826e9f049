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

@Test func metricCRSForData() {
    // A city: the UTM zone of its centre (121.5 E: ⌊301.5/6⌋+1 = 51).
    #expect(MetricCRS.forData([(121.2, 31.0), (121.8, 31.4)]) == "EPSG:32651")
    // Across the antimeridian (Fiji, 17.8 S): the circular mean of 179.5 and −179.5 is 180, zone 60
    // (central meridian 6·60 − 183 = 177 E; the points are 2.5° and 3.5° from it), south: 32760.
    // An arithmetic mean (0) would have put them in zone 31, half the globe away.
    #expect(MetricCRS.forData([(179.5, -17.8), (-179.5, -17.8)]) == "EPSG:32760")
    // Singapore and Quito: 182° apart; any zone's central meridian is more than 15° from one of them.
    #expect(MetricCRS.forData([(103.85, 1.29), (-78.47, -0.18)]) == "EPSG:6933")
    // China from Kashgar to Shanghai: the centre (98.8 E, zone 47, central meridian 99 E) is 23° from
    // Kashgar (76 E): wider than a zone carries.
    #expect(MetricCRS.forData([(76.0, 39.5), (121.5, 31.2)]) == "EPSG:6933")
    // 15° either side still fits (114 E − 99 = 15 exactly).
    #expect(MetricCRS.forData([(84.0, 30.0), (114.0, 30.0)]) == "EPSG:32647")
    // Spread data all near a pole: that pole's stereographic projection; one building at 88° N among
    // buildings in Singapore and Quito: still the equal-area cylinder (a transverse Mercator cannot
    // project Singapore from a zone 90° of longitude away).
    #expect(MetricCRS.forData([(0, 88), (90, 88)]) == "EPSG:3995")
    #expect(MetricCRS.forData([(-60, -75), (160, -77.8)]) == "EPSG:3031")
    #expect(MetricCRS.forData([(103.85, 1.29), (-78.47, -0.18), (10, 88)]) == "EPSG:6933")
    #expect(MetricCRS.forData([]) == nil)
}
