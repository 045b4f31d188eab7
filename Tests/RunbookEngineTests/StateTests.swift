import Foundation
import PluginHost
import RunbookEngine
import StepwiseTesting
import Testing

@Suite struct RunLockTests {
    @Test func aSecondLockOfTheSameTargetGetsAClearError() throws {
        let folder = try TempFolder()
        let url = folder.path("locks/r--c--stage.lock")
        do {
            let first = try RunLock(url: url, description: "r for c/stage")
            do {
                _ = try RunLock(url: url, description: "r for c/stage")
                Issue.record("a second lock was granted")
            } catch let error as RunLockError {
                #expect(error.description.hasPrefix("another run of r for c/stage is in progress (pid \(getpid()), started "))
                #expect(error.description.hasSuffix("; wait for it to finish, or stop it first"))
            }
            withExtendedLifetime(first) {}
        }
        // Released with the first holder: the next one gets it.
        let again = try RunLock(url: url, description: "r for c/stage")
        withExtendedLifetime(again) {}
    }

    @Test func anotherProcessCannotTakeAHeldLock() throws {
        let folder = try TempFolder()
        let url = folder.path("locks/r--c--prod.lock")
        let environment = ProcessInfo.processInfo.environment
        let arguments = ["--nonblock", "--conflict-exit-code", "75", url.path, "true"]
        do {
            let held = try RunLock(url: url, description: "r for c/prod")
            let refused = try ChildProcess.run("/usr/bin/flock", arguments, environment: environment)
            #expect(refused.status == 75, "a child process finds the lock taken")
            withExtendedLifetime(held) {}
        }
        let granted = try ChildProcess.run("/usr/bin/flock", arguments, environment: environment)
        #expect(granted.status == 0, "and takes it once it is released")
    }
}

@Suite struct SecretStoreTests {
    private func mode(_ url: URL) -> mode_t {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return 0 }
        return info.st_mode & 0o777
    }

    @Test func theFileStoreKeepsValuesInPrivateFiles() throws {
        let folder = try TempFolder()
        let secrets = folder.path("state/secrets")
        try FileManager.default.createDirectory(at: secrets, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        let store = try FileSecretStore(directory: secrets)
        #expect(mode(secrets) == 0o700, "an existing folder is tightened to 0700")
        let reference = try store.store(
            name: "r/c/stage/client-secret", value: "v@lue~with=odd%chars",
            metadata: SecretMetadata(keyID: "k1", hint: "v@l", expires: "2026-01-01T00:00:00Z"))
        #expect(reference.store == "file")
        let files = try FileManager.default.contentsOfDirectory(atPath: secrets.path)
        #expect(files.count == 1)
        #expect(mode(secrets.appendingPathComponent(files[0])) == 0o600)
        #expect(try store.value(name: "r/c/stage/client-secret") == "v@lue~with=odd%chars")
        let listed = try store.list()
        #expect(listed.map(\.name) == ["r/c/stage/client-secret"])
        #expect(listed.first?.keyID == "k1")
        try store.forget(name: "r/c/stage/client-secret")
        #expect(try store.reference(name: "r/c/stage/client-secret") == nil)
        #expect(throws: SecretStoreError.self) { _ = try store.value(name: "r/c/stage/client-secret") }
    }

    @Test func theCommandStoreRoundTripsThroughAShellScript() throws {
        let folder = try TempFolder()
        let vault = folder.path("vault")
        try FileManager.default.createDirectory(at: vault, withIntermediateDirectories: true)
        let script = try folder.write("vault.sh", """
            #!/bin/sh
            file="$VAULT/$(printf '%s' "$STEPWISE_SECRET_NAME" | tr '/' '_')"
            case "$STEPWISE_SECRET_ACTION" in
              store) cat > "$file" ;;
              get) [ -f "$file" ] || { echo "no such secret" >&2; exit 3; }; cat "$file" ;;
              forget) rm -f "$file" ;;
              *) exit 9 ;;
            esac
            """)
        let store = try CommandSecretStore(command: "VAULT='\(vault.path)' sh '\(script.path)'",
                                           metadataDirectory: folder.path("meta"))
        let reference = try store.store(name: "a/b", value: "top-secret-42", metadata: SecretMetadata(keyID: "k2"))
        #expect(reference.store == "command")
        #expect(try String(contentsOf: vault.appendingPathComponent("a_b"), encoding: .utf8) == "top-secret-42")
        #expect(try store.value(name: "a/b") == "top-secret-42")
        #expect(try store.list().map(\.keyID) == ["k2"])
        let meta = try FileManager.default.contentsOfDirectory(atPath: folder.path("meta").path)
        for file in meta {
            let text = try String(contentsOf: folder.path("meta").appendingPathComponent(file), encoding: .utf8)
            #expect(!text.contains("top-secret-42"), "metadata never holds the value")
        }
        try store.forget(name: "a/b")
        #expect(!FileManager.default.fileExists(atPath: vault.appendingPathComponent("a_b").path))
        do {
            _ = try store.value(name: "a/b")
            Issue.record("a forgotten secret was returned")
        } catch let error as SecretStoreError {
            #expect(error.description == "secret a/b: the secret command failed for action get (exit 3): no such secret")
        }
    }
}
