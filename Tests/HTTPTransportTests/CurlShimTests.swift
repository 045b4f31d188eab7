import CCurlShims
import Testing

/// The typed wrappers refuse an option or info of the wrong kind instead of passing libcurl a mistyped argument.
@Suite struct CurlShimTests {
    @Test func setoptWrappersCheckTheOptionKind() throws {
        let handle = try #require(curl_easy_init())
        defer { curl_easy_cleanup(handle) }
        #expect(stepwise_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, 1000) == CURLE_OK)
        #expect(stepwise_curl_setopt_long(handle, CURLOPT_URL, 1) == CURLE_BAD_FUNCTION_ARGUMENT)
        #expect(stepwise_curl_setopt_off_t(handle, CURLOPT_MAXFILESIZE_LARGE, 10) == CURLE_OK)
        #expect(stepwise_curl_setopt_off_t(handle, CURLOPT_TIMEOUT_MS, 10) == CURLE_BAD_FUNCTION_ARGUMENT)
        #expect(stepwise_curl_setopt_string(handle, CURLOPT_URL, "http://127.0.0.1/") == CURLE_OK)
        // Strings, lists and plain pointers share one numeric range; libcurl's option table tells them apart.
        #expect(stepwise_curl_setopt_string(handle, CURLOPT_HTTPHEADER, "X: y") == CURLE_BAD_FUNCTION_ARGUMENT)
        #expect(stepwise_curl_setopt_slist(handle, CURLOPT_URL, nil) == CURLE_BAD_FUNCTION_ARGUMENT)
        #expect(stepwise_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, nil) == CURLE_OK)
        #expect(stepwise_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, nil) == CURLE_OK)
        #expect(stepwise_curl_setopt_pointer(handle, CURLOPT_USERAGENT, nil) == CURLE_BAD_FUNCTION_ARGUMENT)
        #expect(stepwise_curl_setopt_data_callback(handle, CURLOPT_DEBUGFUNCTION, nil) == CURLE_BAD_FUNCTION_ARGUMENT)
    }

    @Test func getinfoWrappersCheckTheResultKind() throws {
        let handle = try #require(curl_easy_init())
        defer { curl_easy_cleanup(handle) }
        var long = -1
        var double = -1.0
        var offset: curl_off_t = -1
        var string: UnsafePointer<CChar>?
        #expect(stepwise_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &long) == CURLE_OK)
        #expect(long == 0)
        #expect(stepwise_curl_getinfo_long(handle, CURLINFO_EFFECTIVE_URL, &long) == CURLE_BAD_FUNCTION_ARGUMENT)
        #expect(stepwise_curl_getinfo_double(handle, CURLINFO_TOTAL_TIME, &double) == CURLE_OK)
        #expect(stepwise_curl_getinfo_double(handle, CURLINFO_RESPONSE_CODE, &double) == CURLE_BAD_FUNCTION_ARGUMENT)
        #expect(stepwise_curl_getinfo_off_t(handle, CURLINFO_TOTAL_TIME_T, &offset) == CURLE_OK)
        #expect(stepwise_curl_getinfo_off_t(handle, CURLINFO_TOTAL_TIME, &offset) == CURLE_BAD_FUNCTION_ARGUMENT)
        #expect(stepwise_curl_getinfo_string(handle, CURLINFO_RESPONSE_CODE, &string) == CURLE_BAD_FUNCTION_ARGUMENT)
    }
}
