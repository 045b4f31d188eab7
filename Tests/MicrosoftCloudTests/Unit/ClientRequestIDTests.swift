import Foundation
import Testing

@testable import MicrosoftCloud

@Suite("client-request-id")
struct ClientRequestIDTests {
    @Test("ids are lowercase version-4 UUIDs and do not repeat")
    func formatAndUniqueness() throws {
        var seen = Set<String>()
        for _ in 0..<10_000 {
            let id = ClientRequestID.make()
            #expect(id.wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/) != nil, "\(id)")
            #expect(UUID(uuidString: id) != nil)
            seen.insert(id)
        }
        #expect(seen.count == 10_000)
        // Every random position takes all 16 digits (the variant position its 4): no bit is stuck.
        let ids = seen.map { Array($0.utf8) }
        for position in 0..<36 where ![8, 13, 14, 18, 23].contains(position) {
            let digits = Set(ids.map { $0[position] })
            #expect(digits.count == (position == 19 ? 4 : 16), "position \(position): \(digits.count) digits")
        }
    }
}
