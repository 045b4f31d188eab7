import Foundation
import Testing

@testable import MicrosoftCloud

@Suite("Form encoding")
struct FormEncodingTests {
    @Test("secret characters are percent-encoded, unreserved ones are not")
    func secretCharacters() {
        // The shape of the example secret in Graph's addPassword documentation.
        let secret = "[6gyXA5S20@MN+WRXAJ]I-TO7g1:h2P8"
        #expect(FormEncoding.encode(secret) == "%5B6gyXA5S20%40MN%2BWRXAJ%5DI-TO7g1%3Ah2P8")
        #expect(FormEncoding.encode("a b&c=d/e?f%g~h.i_j") == "a%20b%26c%3Dd%2Fe%3Ff%25g~h.i_j")
        #expect(FormEncoding.encode("é") == "%C3%A9")
    }

    @Test("a form body decodes back to its fields")
    func roundTrip() {
        let fields = [("client_secret", "x+y@z[1]:2"), ("scope", "https://graph.microsoft.com/.default")]
        let body = FormEncoding.encode(fields)
        #expect(body == "client_secret=x%2By%40z%5B1%5D%3A2&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default")
        let decoded = FormEncoding.decode(body)
        #expect(decoded.map(\.0) == fields.map(\.0))
        #expect(decoded.map(\.1) == fields.map(\.1))
    }

    @Test("recorded token bodies mask secret fields")
    func masking() {
        let body = FormEncoding.encode([("client_id", "abc"), ("client_secret", "s3cr3t+"), ("refresh_token", "rt"), ("grant_type", "x")])
        let masked = IdentityClient.maskForm(body)
        #expect(masked == "client_id=abc&client_secret=<redacted>&refresh_token=<redacted>&grant_type=x")
    }
}
