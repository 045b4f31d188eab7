/// The foreign origin: a host that must never see a token. Answers anything with 200 `{"value":[]}`; the request
/// log shows whether an `Authorization` header reached it.
struct ForeignService: TwinService {
    let twin: Twin

    func respond(to request: TwinRequest) async -> TwinResponse {
        .json(200, ["value": []])
    }
}
