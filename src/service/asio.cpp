// service: the compiled implementation of Boost.Asio (with its TLS part) and Boost.Beast, once for the whole
// program. Every target that links chainscope_asio compiles with BOOST_ASIO_SEPARATE_COMPILATION and
// BOOST_BEAST_SEPARATE_COMPILATION, so a translation unit that includes them instantiates only the templates
// it uses (the webhook dispatcher: 43 s → see the build log; the HTTP server, the TLS tests).
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
