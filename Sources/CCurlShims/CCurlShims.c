#define _GNU_SOURCE
#include <string.h>
#include "CCurlShims.h"

/* The option's argument kind is encoded in its number: CURLOPTTYPE_x <= option < CURLOPTTYPE_x + 10000. */
static int stepwise_curl_option_in(CURLoption option, int base) {
    return (int)option >= base && (int)option < base + 10000;
}

/* Strings, lists and plain pointers share CURLOPTTYPE_OBJECTPOINT; libcurl's option table tells them apart. */
static int stepwise_curl_option_is(CURLoption option, curl_easytype type) {
    const struct curl_easyoption *described = curl_easy_option_by_id(option);
    return described != NULL && described->type == type;
}

CURLcode stepwise_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    if (!stepwise_curl_option_in(option, CURLOPTTYPE_LONG)) return CURLE_BAD_FUNCTION_ARGUMENT;
    return curl_easy_setopt(handle, option, value);
}

CURLcode stepwise_curl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    if (!stepwise_curl_option_in(option, CURLOPTTYPE_OFF_T)) return CURLE_BAD_FUNCTION_ARGUMENT;
    return curl_easy_setopt(handle, option, value);
}

CURLcode stepwise_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    if (!stepwise_curl_option_in(option, CURLOPTTYPE_STRINGPOINT) || !stepwise_curl_option_is(option, CURLOT_STRING))
        return CURLE_BAD_FUNCTION_ARGUMENT;
    return curl_easy_setopt(handle, option, value);
}

CURLcode stepwise_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    if (!stepwise_curl_option_in(option, CURLOPTTYPE_OBJECTPOINT)) return CURLE_BAD_FUNCTION_ARGUMENT;
    if (!stepwise_curl_option_is(option, CURLOT_OBJECT) && !stepwise_curl_option_is(option, CURLOT_CBPTR))
        return CURLE_BAD_FUNCTION_ARGUMENT;
    return curl_easy_setopt(handle, option, value);
}

CURLcode stepwise_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    if (!stepwise_curl_option_in(option, CURLOPTTYPE_SLISTPOINT) || !stepwise_curl_option_is(option, CURLOT_SLIST))
        return CURLE_BAD_FUNCTION_ARGUMENT;
    return curl_easy_setopt(handle, option, value);
}

CURLcode stepwise_curl_setopt_data_callback(CURL *handle, CURLoption option, stepwise_curl_data_callback callback) {
    if (option != CURLOPT_WRITEFUNCTION && option != CURLOPT_HEADERFUNCTION) return CURLE_BAD_FUNCTION_ARGUMENT;
    return curl_easy_setopt(handle, option, callback);
}

CURLcode stepwise_curl_setopt_debug_callback(CURL *handle, stepwise_curl_debug_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_DEBUGFUNCTION, callback);
}

/* The information's result kind is encoded in its number: (info & CURLINFO_TYPEMASK) == CURLINFO_x. */
static int stepwise_curl_info_is(CURLINFO info, int type) {
    return ((int)info & CURLINFO_TYPEMASK) == type;
}

CURLcode stepwise_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    if (!stepwise_curl_info_is(info, CURLINFO_LONG)) return CURLE_BAD_FUNCTION_ARGUMENT;
    return curl_easy_getinfo(handle, info, value);
}

CURLcode stepwise_curl_getinfo_double(CURL *handle, CURLINFO info, double *value) {
    if (!stepwise_curl_info_is(info, CURLINFO_DOUBLE)) return CURLE_BAD_FUNCTION_ARGUMENT;
    return curl_easy_getinfo(handle, info, value);
}

CURLcode stepwise_curl_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    if (!stepwise_curl_info_is(info, CURLINFO_OFF_T)) return CURLE_BAD_FUNCTION_ARGUMENT;
    return curl_easy_getinfo(handle, info, value);
}

CURLcode stepwise_curl_getinfo_string(CURL *handle, CURLINFO info, const char **value) {
    if (!stepwise_curl_info_is(info, CURLINFO_STRING)) return CURLE_BAD_FUNCTION_ARGUMENT;
    return curl_easy_getinfo(handle, info, value);
}

const void *stepwise_memmem(const void *haystack, size_t haystack_size, const void *needle, size_t needle_size) {
    return memmem(haystack, haystack_size, needle, needle_size);
}
