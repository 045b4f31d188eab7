import Foundation
import HTTPTransport
import Testing

@Suite struct TriggerWordsTests {
    let words = TriggerWords([["ab_x", "zz"], ["ab_y"], ["\"secretText\""]])

    @Test func eachGroupIsABitAndCaseIsIgnored() {
        #expect(words.groups(in: "nothing here") == 0)
        #expect(words.groups(in: "AB_X") == 0b001)
        #expect(words.groups(in: "..ab_y") == 0b010)
        #expect(words.groups(in: "ab_yab_x") == 0b011)
        #expect(words.groups(in: "zz") == 0b001)
        #expect(words.groups(in: #"{"SECRETTEXT":1}"#) == 0b100)
        #expect(words.groups(in: "ab_") == 0)
        #expect(words.groups(in: "a") == 0)
    }

    @Test func textWithOtherScriptsIsSearchedToo() {
        #expect(words.groups(in: "é ab_y ü") == 0b010)
        #expect(words.groups(in: "é") == 0)
        #expect(words.groups(in: Data("é ab_y ü".utf8)) == 0b010)
        #expect(words.groups(in: Data([0xFF, 0x7A, 0x7A])) == 0b001)
        #expect(words.groups(in: Data()) == 0)
    }
}
