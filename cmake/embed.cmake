# Turns the file IN into a C source OUT that defines
#   const char kiosk_default_ini[]; (NUL-terminated)
file(READ ${IN} HEX HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," BYTES "${HEX}")
file(WRITE ${OUT} "/* generated from assets/default-site.ini by cmake/embed.cmake */\n"
  "extern const char kiosk_default_ini[];\n"
  "const char kiosk_default_ini[] = {${BYTES}0x00};\n")
