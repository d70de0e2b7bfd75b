// Runs once, on MongoDB's first start with an empty volume (docker-entrypoint-initdb.d): the services' own user, which
// may read and write the briwatch database and nothing else. Its name and password come from .env.
db.getSiblingDB("admin").createUser({
  user: process.env.MONGO_APP_USERNAME,
  pwd: process.env.MONGO_APP_PASSWORD,
  roles: [{ role: "readWrite", db: "briwatch" }],
});
