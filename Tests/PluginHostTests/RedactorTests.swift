import HTTPTransport
import Testing

/// The redactor's ASCII fast path (added for the host's exchange records) keeps its behaviour.
@Suite("SecretRedactor fast path")
struct RedactorTests {
    @Test("ASCII and non-ASCII texts are masked alike; texts without a secret come back unchanged")
    func fastPath() {
        let redactor = SecretRedactor()
        #expect(redactor.redact("nothing registered") == "nothing registered")
        redactor.register("Zq8~s3cr3t+V@lue")
        #expect(redactor.redact(#"{"a":"Zq8~s3cr3t+V@lue"}"#) == #"{"a":"***"}"#)
        #expect(redactor.redact("é Zq8~s3cr3t+V@lue é") == "é *** é")
        #expect(redactor.redact("x=Zq8~s3cr3t%2BV%40lue") == "x=***")
        #expect(redactor.redact("plain ASCII text with no secret") == "plain ASCII text with no secret")
        #expect(redactor.redact("déjà vu, no secret") == "déjà vu, no secret")
        #expect(redactor.redact("") == "")
        #expect(redactor.redact("Zq8~s3cr3t+V@lu") == "Zq8~s3cr3t+V@lu")
    }
}
