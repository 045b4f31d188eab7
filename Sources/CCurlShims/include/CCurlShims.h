#ifndef STEPWISE_CCURLSHIMS_H
#define STEPWISE_CCURLSHIMS_H
#include <curl/curl.h>
#endif
