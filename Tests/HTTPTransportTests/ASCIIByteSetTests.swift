import HTTPTransport
import Testing

struct ASCIIByteSetTests {
    @Test func holdsExactlyItsASCIIBytes() {
        let characters = "!#$%&'*+-.^_`|~09azAZ\u{0}\u{7F}é"
        let set = ASCIIByteSet(characters)
        let expected = Set(characters.utf8.filter { $0 < 0x80 })
        for byte in UInt8.min...UInt8.max {
            #expect(set.contains(byte) == expected.contains(byte), "byte \(byte)")
        }
        #expect(!ASCIIByteSet("").contains(0))
    }
}
