// What the sample app says on GET /.
module.exports = (builder) => `Hello from the ${builder} builder\n`;
