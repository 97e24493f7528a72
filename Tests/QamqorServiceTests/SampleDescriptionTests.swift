import Foundation
import Hummingbird
import HummingbirdTesting
import QamqorEngine
import Testing
@testable import QamqorService

/// The sample picker says what each household is in the page's language.
@Suite("Sample descriptions")
struct SampleDescriptionTests {
    @Test("every sample household has a description in kk, ru and en, and the picker gets the one asked for", arguments: Language.allCases)
    func described(_ lang: Language) async throws {
        let dir = ServiceFixture.repo.appendingPathComponent("samples")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".json") }
        let catalogue = try #require(TextCatalogue.read(try String(contentsOf: dir.appendingPathComponent("descriptions/\(lang.rawValue).yaml"), encoding: .utf8)))
        #expect(Set(catalogue.keys) == Set(files), "descriptions/\(lang.rawValue).yaml and the sample files differ")
        let api = try await ServiceFixture.api()
        try await ServiceFixture.app(api).test(.router) { client in
            try await client.execute(uri: "/v1/samples?lang=\(lang.rawValue)", method: .get) { r in
                let said = ServiceFixture.json(r.body)["descriptions"] as? [String: String] ?? [:]
                #expect(said["almaty-widow-five-children.yaml"] == catalogue["almaty-widow-five-children.yaml"])
                if lang != .en {
                    // No English reaches a Kazakh or Russian picker.
                    #expect(said.values.allSatisfy { $0.firstMatch(of: /\b(the|and|with|in|of|a)\b/) == nil })
                }
            }
        }
    }
}
