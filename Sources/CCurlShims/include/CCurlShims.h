#ifndef STEPWISE_CCURLSHIMS_H
#define STEPWISE_CCURLSHIMS_H

/* Typed wrappers around libcurl's variadic curl_easy_setopt and curl_easy_getinfo, which Swift cannot call.
   Each wrapper checks that the option belongs to its argument kind and answers CURLE_BAD_FUNCTION_ARGUMENT
   when it does not, so a mistyped option fails loudly instead of handing libcurl the wrong type. */
#include <curl/curl.h>

/* Write and header callbacks: (data, size, count, userdata) -> bytes consumed. */
typedef size_t (*stepwise_curl_data_callback)(char *data, size_t size, size_t count, void *userdata);
/* Debug callback: (handle, kind of data, data, size, userdata) -> 0. */
typedef int (*stepwise_curl_debug_callback)(CURL *handle, curl_infotype kind, char *data, size_t size, void *userdata);

/* Options of type CURLOPTTYPE_LONG (and CURLOPTTYPE_VALUES). */
CURLcode stepwise_curl_setopt_long(CURL *handle, CURLoption option, long value);
/* Options of type CURLOPTTYPE_OFF_T. */
CURLcode stepwise_curl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
/* String options (CURLOPTTYPE_STRINGPOINT); libcurl copies the string. */
CURLcode stepwise_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
/* Pointer options other than strings and lists: callback data, buffers, POSTFIELDS. */
CURLcode stepwise_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
/* Header-list options (CURLOPTTYPE_SLISTPOINT); the list must outlive the transfer. */
CURLcode stepwise_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
/* CURLOPT_WRITEFUNCTION or CURLOPT_HEADERFUNCTION. */
CURLcode stepwise_curl_setopt_data_callback(CURL *handle, CURLoption option, stepwise_curl_data_callback callback);
/* CURLOPT_DEBUGFUNCTION. */
CURLcode stepwise_curl_setopt_debug_callback(CURL *handle, stepwise_curl_debug_callback callback);

/* Information of type CURLINFO_LONG. */
CURLcode stepwise_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
/* Information of type CURLINFO_DOUBLE. */
CURLcode stepwise_curl_getinfo_double(CURL *handle, CURLINFO info, double *value);
/* Information of type CURLINFO_OFF_T. */
CURLcode stepwise_curl_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);
/* Information of type CURLINFO_STRING; the string belongs to the handle. */
CURLcode stepwise_curl_getinfo_string(CURL *handle, CURLINFO info, const char **value);

/* glibc's memmem (a GNU extension Swift's Glibc module does not show): the first occurrence of `needle` in
   `haystack`, or NULL. */
const void *stepwise_memmem(const void *haystack, size_t haystack_size, const void *needle, size_t needle_size);

#endif
