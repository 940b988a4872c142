# SPDX-License-Identifier: MIT
# Per-generator settings, read by cpack: the tarball unpacks to bin/ and share/ without a /usr level,
# and runs from wherever it is unpacked (the program finds share/ beside its bin/).
if(CPACK_GENERATOR STREQUAL "TGZ")
  set(CPACK_PACKAGING_INSTALL_PREFIX "")
endif()
